"""Console pages: operator sign-in and the tenants (`tenants`), their lifecycle — export, import,
delete (`lifecycle`) — and the background machinery: queues and the development mailbox
(`monitoring`). Importing this package registers their routes on the console blueprint."""
from jenjang.console.views import lifecycle, monitoring, tenants  # noqa: F401  (routes register)
