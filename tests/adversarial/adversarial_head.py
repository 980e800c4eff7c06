"""The head of a minimal incident, for the adversarial tests to add actors and events to."""

HEAD = """armicheck: 1
id: adv
title: "adversarial"
date: "2017-11-13"
utc_offset: "+09:00"
sources:
  s1: {publisher: Fixture, title: Synthetic, kind: official}
"""
