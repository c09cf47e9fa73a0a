"""The SMS room's HTTP side: one module of callbacks per provider that posts to us, each with its `bp`."""

from . import africastalking, android

blueprints = (africastalking.bp, android.bp)
