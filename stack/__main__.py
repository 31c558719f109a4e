"""python -m stack up | down | test (the Makefile's stack, stack-stop and stack-test)."""

import sys

USAGE = "usage: python -m stack up|down|test"

if __name__ == "__main__":
    command = sys.argv[1:2]
    if command == ["up"]:
        from stack.up import main
    elif command == ["down"]:
        from stack.down import main
    elif command == ["test"]:
        from stack.measure import main
    else:
        raise SystemExit(USAGE)
    main()
