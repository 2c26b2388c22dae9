complete --keep-order --exclusive --command bb --arguments "(COMPLETE=fish bb -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
