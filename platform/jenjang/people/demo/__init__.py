"""The demo region (never in production): ``accounts`` (the six demo sign-ins), ``org`` (the OPD tree
of a typical kabupaten/kota) and ``populate`` (``flask demo populate``: thousands of plausible
employees with histories and SKP, written in bulk; and the manifest hook that provisions a demo
tenant). May import people's own modules, ``auth`` (the accounts) and ``tenancy``."""
