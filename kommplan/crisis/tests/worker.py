"""A worker in a process of its own, for the kill-the-worker test:

    python -m kommplan.crisis.tests.worker DELIVERY_ID [--die-after-send] [--now ISO]

sends one alert message; with --die-after-send the process ends with os._exit right after the
gateway or SMTP server accepted the message and before anything is recorded, as a worker killed
at the worst moment would. The database and the gateway come from the environment.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime

import django


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommplan.settings")
    django.setup()
    from kommplan.crisis import delivery

    pk = int(argv[0])
    now = datetime.fromisoformat(argv[argv.index("--now") + 1]) if "--now" in argv else None
    if "--die-after-send" in argv:
        transmit = delivery.transmit

        def transmit_then_die(message):
            transmit(message)
            os._exit(137)

        delivery.transmit = transmit_then_die
    print(delivery.send_delivery(pk, now=now))


if __name__ == "__main__":
    main(sys.argv[1:])
