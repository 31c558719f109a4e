"""`make stack`, `make stack-test`, `make stack-stop`: deploy/'s topology started on this machine and measured
(deploy/README.md, the end)."""
