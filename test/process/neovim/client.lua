-- Drives Neovim (0.7+, Debian's package) headless against `reportql lsp --stdio`: attach, wait for pushed
-- diagnostics, ask for completion and hover, and write what Neovim saw as JSON to $OUT.
local out = os.getenv("OUT")
local main = os.getenv("MAIN")
vim.cmd("edit " .. os.getenv("FILE"))
local id = vim.lsp.start_client({ name = "reportql", cmd = { "node", main, "lsp", "--stdio" }, root_dir = vim.fn.getcwd() })
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(10000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local result = { attached = ok, diagnostics = {} }
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(result.diagnostics, { code = d.code, lnum = d.lnum, col = d.col, source = d.source })
end
local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 0, character = 7 } }
local completion = vim.lsp.buf_request_sync(0, "textDocument/completion", params, 5000)
local labels = {}
for _, r in pairs(completion or {}) do
  local items = r.result and (r.result.items or r.result) or {}
  for _, item in ipairs(items) do table.insert(labels, item.label) end
end
result.completion = labels
local hover = vim.lsp.buf_request_sync(0, "textDocument/hover", { textDocument = params.textDocument, position = { line = 0, character = 18 } }, 5000)
for _, r in pairs(hover or {}) do result.hover = r.result and r.result.contents and r.result.contents.value end
local f = io.open(out, "w")
f:write(vim.fn.json_encode(result))
f:close()
vim.lsp.stop_client(id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
vim.cmd("qa!")
