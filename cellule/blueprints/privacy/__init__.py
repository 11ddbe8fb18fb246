"""Personal data: "Mes données" (download), account deletion, the privacy page, retention purge."""
