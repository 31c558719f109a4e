"""The public pages: the workshops (`workshops`) and a person's own pages under /me/ (`me`)."""
