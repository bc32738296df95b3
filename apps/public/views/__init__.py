"""The pages anyone may read without logging in, one module per subject: service stations, coordinators,
typical cases, demonstration units and their 公示. Each shows published or accepted rows only."""
