"""Reading news copy: the names, roles, quotes and lede an import drafts from."""
