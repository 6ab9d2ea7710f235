-- Neovim (0.7 and later) as a client of `roadlint server`, headless:
--   ROADLINT_BIN=… ROADLINT_REPO=… ROADLINT_FILE=… nvim --headless -u NONE -c 'luafile server_test.lua'
-- Opens a proposal, introduces a typo key and an unknown person, waits for
-- the diagnostics, applies the code action's edit and checks the buffer.
-- Exits 0 when every check holds, 1 (with the reason on stderr) otherwise.
-- Uses vim.lsp.start_client and buf_attach_client: vim.lsp.start is 0.8+.

local bin = assert(os.getenv('ROADLINT_BIN'), 'ROADLINT_BIN')
local root = assert(os.getenv('ROADLINT_REPO'), 'ROADLINT_REPO')
local file = assert(os.getenv('ROADLINT_FILE'), 'ROADLINT_FILE')
local timeout = 20000

local function check(condition, message)
  if not condition then
    error(message, 2)
  end
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. file))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'roadlint',
    cmd = { bin, 'server' },
    root_dir = root,
    flags = { debounce_text_changes = 0 },
  })
  check(id, 'the client did not start')
  vim.lsp.buf_attach_client(buf, id)
  local client = vim.lsp.get_client_by_id(id)
  check(vim.wait(timeout, function() return client.initialized end, 20), 'the server did not initialize')

  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    if line == 'telemetry:' then lines[i] = 'telemetery:' end
    if line == '  product: maya' then lines[i] = '  product: mayo' end
  end
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, lines)

  local found = {}
  local function codes()
    local out = {}
    for _, d in ipairs(found) do
      table.insert(out, string.format('%s@%d:%d-%d', d.code, d.lnum, d.col, d.end_col))
    end
    table.sort(out)
    return table.concat(out, ' ')
  end
  local want = 'schema@18:0-10 unresolved-reference@7:11-15'
  local seen = vim.wait(timeout, function()
    found = vim.diagnostic.get(buf)
    return codes() == want
  end, 20)
  check(seen, 'diagnostics: want ' .. want .. ', got ' .. codes() .. ' ' .. vim.inspect(found))
  for _, d in ipairs(found) do
    if d.code == 'unresolved-reference' then
      check(d.message:find('names person `mayo`, which does not exist', 1, true), d.message)
      check(d.severity == vim.diagnostic.severity.ERROR, 'severity ' .. tostring(d.severity))
    end
  end

  -- The code action on the typo key, applied as a client applies it.
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 18, character = 2 }, ['end'] = { line = 18, character = 2 } },
    context = { diagnostics = {} },
  }
  local response = client.request_sync('textDocument/codeAction', params, timeout, buf)
  check(response and response.result, 'no code action answer: ' .. vim.inspect(response))
  check(#response.result == 1, 'code actions: ' .. vim.inspect(response.result))
  local action = response.result[1]
  check(action.title == 'replace with `telemetry`', action.title)
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
  local after = vim.api.nvim_buf_get_lines(buf, 18, 19, false)[1]
  check(after == 'telemetry:', 'line 19 after the fix: ' .. tostring(after))

  -- Only the unknown person is left (it has one candidate too, `maya`,
  -- but stays until applied).
  want = 'unresolved-reference@7:11-15'
  seen = vim.wait(timeout, function()
    found = vim.diagnostic.get(buf)
    return codes() == want
  end, 20)
  check(seen, 'after the fix: want ' .. want .. ', got ' .. codes())
  client.stop()
  vim.wait(2000, function() return client.is_stopped() end, 20)
end

local ok, err = pcall(run)
if ok then
  io.stdout:write('ok\n')
  vim.cmd('qall!')
else
  io.stderr:write('FAIL: ' .. tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
