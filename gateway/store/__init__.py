"""Where Sapa keeps things: the SQL tables and the functions that change them, the NIK vault, and
the USSD sessions and language cache in Redis. Shared by every room; imports no room."""
