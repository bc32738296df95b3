def build_sweep_world(world):
    """The public finder is meant for everyone: it shows every county's stations by design."""
    world.public_urls.add("public:station_finder")
