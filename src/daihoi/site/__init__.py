"""The site: what stands above every app (the home page, the navigation, the sign-in pages and
the demo command). It may import every app; no app imports it (see ``.importlinter``)."""
