-- End-to-end test of `plan-lint server` on a Markdown draft, with Neovim's built-in LSP client:
-- the diagnostics Neovim shows are those of `plan-lint check --format json` on the same file
-- (PLAN_LINT_EXPECTED), line by line; editing a total in the buffer clears its P001.
local bin = assert(os.getenv('PLAN_LINT_BIN'), 'PLAN_LINT_BIN')
local file = assert(os.getenv('PLAN_LINT_FILE'), 'PLAN_LINT_FILE')
local expected_file = assert(os.getenv('PLAN_LINT_EXPECTED'), 'PLAN_LINT_EXPECTED')
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

-- "CODE@line" of each diagnostic (1-based lines, as check prints them), sorted.
local function keys(list)
  table.sort(list)
  return table.concat(list, ' ')
end

local expected = {}
for _, f in ipairs(vim.fn.json_decode(table.concat(vim.fn.readfile(expected_file), '\n'))) do
  table.insert(expected, f.rule .. '@' .. f.line)
end
local want = keys(expected)
check(#expected > 0, 'check finds something in the draft')

vim.cmd('edit ' .. file)
local buf = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({ name = 'plan-lint', cmd = { bin, 'server' }, root_dir = vim.fn.fnamemodify(file, ':h') })
check(client ~= nil, 'the server started')
vim.lsp.buf_attach_client(buf, client)

local function shown()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, code_of(d) .. '@' .. (d.lnum + 1))
  end
  return keys(list)
end
local ok = vim.wait(15000, function() return shown() == want end, 50)
check(ok, 'Neovim shows what check reports:\n  check:  ' .. want .. '\n  neovim: ' .. shown())

-- Line 53: "<b>Parliamentary documentation</b> …	<b>100</b>	<b>100</b>": the second 100 (2021
-- actual, bytes 89–92) should be 99.
local line = vim.api.nvim_buf_get_lines(buf, 52, 53, false)[1]
check(line:sub(90, 92) == '100', 'line 53 holds the total: ' .. line)
vim.api.nvim_buf_set_text(buf, 52, 89, 52, 92, { '99' })
local function p001_on_53()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == 'P001' and d.lnum == 52 then return true end
  end
  return false
end
check(vim.wait(15000, function() return not p001_on_53() end, 50), 'P001 on line 53 goes away after fixing the total')
check(#vim.diagnostic.get(buf) == #expected - 1, 'the other diagnostics stay')

vim.lsp.stop_client(client)
check(vim.wait(5000, function() return vim.lsp.client_is_stopped(client) end, 50), 'the server shuts down')
io.stdout:write(string.format('neovim markdown e2e: %d passed, 0 failed\n', passed))
vim.cmd('qall!')
