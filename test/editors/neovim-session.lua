-- One Neovim session on a .bimetal file, headless. Run after the user configuration that
-- test/editors/neovim.test.ts takes from docs/editors.md, it goes through what a user does (open
-- the file, read the diagnostics, hover, complete, change a setting, format) with Neovim's own
-- LSP client and writes what Neovim showed as JSON to $BIMETAL_SESSION_OUT. The test judges the
-- result: this file only observes. It runs on Neovim 0.7 (Debian 12) and on 0.10+.
--
-- The file has a recipe `Au12Ag` whose dopant line reads `dopant     Ag`: the hover goes to the
-- name, completion to the element.

local out = os.getenv('BIMETAL_SESSION_OUT')
local result = {}
local statuses = {}

-- The server sends bimetal/documentStatus after each diagnostics push; `scored` means the model
-- phase finished.
vim.lsp.handlers['bimetal/documentStatus'] = function(_, status)
  table.insert(statuses, status)
end

local function scored_count()
  local n = 0
  for _, s in ipairs(statuses) do
    if s.state == 'scored' then n = n + 1 end
  end
  return n
end

local function wait(what, predicate)
  if not vim.wait(45000, predicate, 20) then error('timed out waiting for ' .. what) end
end

local function buffer_clients(buf)
  if vim.lsp.get_clients then return vim.lsp.get_clients({ bufnr = buf }) end
  local list = {}
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do table.insert(list, client) end
  return list
end

local function goto_text(text, offset)
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  for row, line in ipairs(lines) do
    local col = line:find(text, 1, true)
    if col then
      vim.api.nvim_win_set_cursor(0, { row, col - 1 + offset })
      return
    end
  end
  error('no ' .. text .. ' in the buffer')
end

local function floating_windows()
  local wins = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then table.insert(wins, win) end
  end
  return wins
end

-- What K (vim.lsp.buf.hover) shows in its floating window.
local function hover_text()
  for _, win in ipairs(floating_windows()) do vim.api.nvim_win_close(win, true) end
  vim.lsp.buf.hover()
  wait('the hover window', function() return #floating_windows() > 0 end)
  local win = floating_windows()[1]
  local text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), '\n')
  vim.api.nvim_win_close(win, true)
  return text
end

local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, {
      text = table.concat(vim.api.nvim_buf_get_text(buf, d.lnum, d.col, d.end_lnum, d.end_col, {}), '\n'),
      line = d.lnum + 1,
      severity = d.severity,
      message = d.message,
    })
  end
  table.sort(list, function(a, b) return a.line < b.line end)
  return list
end

local function completion(buf)
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/completion', vim.lsp.util.make_position_params(), 20000)
  local labels, documented = {}, nil
  local here = vim.fn.expand('<cword>')
  for _, response in pairs(responses or {}) do
    local items = response.result and (response.result.items or response.result) or {}
    for _, item in ipairs(items) do
      table.insert(labels, item.label)
      if item.label == here then documented = item end
    end
  end
  return { candidates = labels, documented = documented and documented.label, documentation = documented and documented.documentation }
end

local function format(buf)
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = buf, timeout_ms = 20000 })
  else
    vim.lsp.buf.formatting_sync(nil, 20000)
  end
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('BIMETAL_SESSION_FILE')))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype
  wait('the language server to attach', function() return #buffer_clients(buf) > 0 end)
  local client = buffer_clients(buf)[1]
  wait('the first scoring', function() return scored_count() > 0 end)
  result.server = client.name
  result.root_dir = client.config.root_dir
  result.diagnostics = diagnostics(buf)

  goto_text('recipe Au12Ag', #'recipe ')
  result.hover = hover_text()
  goto_text('dopant     Ag', #'dopant     A')
  result.completion = completion(buf)

  -- Settings changed at run time: new `settings`, announced with didChangeConfiguration (0.7
  -- sends them in the notification, later versions also answer workspace/configuration with
  -- them). First a key the start did not set, then the coverage; each change re-scores.
  local function change_settings(bimetal)
    local before = scored_count()
    client.config.settings = vim.tbl_deep_extend('force', client.config.settings or {}, { bimetal = bimetal })
    client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    wait('re-scoring after the settings change', function() return scored_count() > before end)
    goto_text('recipe Au12Ag', #'recipe ')
    return hover_text()
  end
  result.hover_after_threshold = change_settings({ phiThreshold = -0.5 })
  result.hover_after_setting = change_settings({ coverage = 0.5 })

  format(buf)
  result.formatted = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
  result.options = { shiftwidth = vim.bo[buf].shiftwidth, softtabstop = vim.bo[buf].softtabstop, expandtab = vim.bo[buf].expandtab }

  vim.lsp.stop_client(client.id)
  wait('the server to stop', function() return client.is_stopped() end)
end)
if not ok then result.error = tostring(err) end
result.messages = vim.api.nvim_exec('messages', true)
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.cmd('qall!')
