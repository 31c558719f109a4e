"""The organiser console's pages, one module per area: workshops, programme, registrations, invitations."""
