-- End-to-end test of `plan-lint server` with Neovim's built-in LSP client (Neovim >= 0.7).
-- Opens a plan with known defects, waits for diagnostics, checks codes and ranges, applies a code
-- action, then edits the buffer to fix a total and waits for that diagnostic to go away.
local bin = assert(os.getenv('PLAN_LINT_BIN'), 'PLAN_LINT_BIN')
local file = assert(os.getenv('PLAN_LINT_FILE'), 'PLAN_LINT_FILE')
local passed = 0

local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local function check(cond, msg)
  if not cond then fail(msg) end
  passed = passed + 1
end

local function code_of(d)
  if d.code then return d.code end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code
end

local function find(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == code then return d end
  end
end

vim.cmd('edit ' .. file)
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({ name = 'plan-lint', cmd = { bin, 'server' }, root_dir = vim.fn.fnamemodify(file, ':h') })
check(client ~= nil, 'the server started')
vim.lsp.buf_attach_client(buf, client)

check(vim.wait(15000, function() return find(buf, 'P001') ~= nil and find(buf, 'P006') ~= nil end, 50),
  'diagnostics P001 and P006 arrive')

-- Ranges: Neovim converts the server's UTF-16 columns to byte columns. "2020–2022" on line 7
-- starts after `    title: "Côte d’Ivoire – deliverables for the period ` (61 bytes, 56 UTF-16 units).
local p006 = find(buf, 'P006')
check(p006.lnum == 6 and p006.col == 61 and p006.end_lnum == 6 and p006.end_col == 72,
  string.format('P006 range is 6:61-6:72, got %d:%d-%d:%d', p006.lnum, p006.col, p006.end_lnum, p006.end_col))
local p001 = find(buf, 'P001')
check(p001.lnum == 11 and p001.col == 20, string.format('P001 at 11:20, got %d:%d', p001.lnum, p001.col))

-- Code action: apply the safe fix for P006.
-- The range in UTF-16 units, converted back from Neovim's byte columns.
local params = vim.lsp.util.make_given_range_params({ p006.lnum + 1, p006.col }, { p006.end_lnum + 1, p006.end_col }, buf, 'utf-16')
params.context = { diagnostics = { p006.user_data and p006.user_data.lsp or {} } }
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
local action
for _, r in pairs(responses or {}) do
  for _, a in ipairs(r.result or {}) do
    if a.title:find('2021–2023', 1, true) then action = a end
  end
end
check(action ~= nil, 'a code action fixes the period')
vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
local line7 = vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1]
check(line7 == '    title: "Côte d’Ivoire – deliverables for the period 2021–2023"', 'the buffer holds the fix: ' .. line7)
check(vim.wait(15000, function() return find(buf, 'P006') == nil end, 50), 'P006 goes away after the fix')

-- Edit the total from 3 to 6: P001 goes away.
vim.api.nvim_buf_set_text(buf, 11, 20, 11, 21, { '6' })
check(vim.wait(15000, function() return find(buf, 'P001') == nil end, 50), 'P001 goes away after fixing the total')
check(#vim.diagnostic.get(buf) == 0, 'no diagnostics left')

vim.lsp.stop_client(client)
check(vim.wait(5000, function() return vim.lsp.client_is_stopped(client) end, 50), 'the server shuts down')
io.stdout:write(string.format('neovim e2e: %d passed, 0 failed\n', passed))
vim.cmd('qall!')
