"""make stack-stop: every process of the stack, stopped by the PID it recorded (never by name)."""

from stack.topology import NODE_PORTS, RUN, log, stop

# The reverse of the order `make stack` starts them in.
PROCESSES = ["nginx", "beat", "worker-default", "worker-mail", *(f"web-{name}" for name in NODE_PORTS)]
PROCESSES += ["sink", "s3", "pgbouncer"]


def main():
    if not RUN.exists():
        log("nothing to stop: no var/stack/")
        return
    for name in PROCESSES:
        if stop(name):
            log(f"stopped {name}")
    log("the stack is stopped (its database gc_stack_portal is kept; `make stack` makes it again)")
