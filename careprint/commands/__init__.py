"""One module per command: each a plain function, typed options in and a result out.

The command line (`careprint.cli`) and the web page call the same functions; none of them
prints. A problem the user can fix is either in the result's `problems` or raised as
`CareprintError`, one line each.
"""
