"""`apilint lsp`: the language server. Needs the ``lsp`` extra (pygls, lsprotocol)."""
