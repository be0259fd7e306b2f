"""Curations with images in the three generations real folders hold (written for the tests, modelled on the
structure of real files): ``G1`` (PyYAML's layout, sorted keys, flush lists, size as [width, height], no final
newline), ``G2`` (js-yaml style: fixed key order, indented lists, ``>-`` folding, nulls, ``slugid``, size as
[height, width]), ``SEED`` (the newest files: like G2 with a final newline and ``slug``; no image yet, an icon
address not downloaded)."""
from __future__ import annotations

G1 = """---
aliases: /news/night-nurses-trial-quieter-alarms
archetype: curate-content
author:
- Priya Raman
breadcrumbs:
- Home
- News
- Night Nurses Trial Quieter Alarms
categories: []
date: '2021-03-04T10:11:12.131415Z'
description: A surgical unit routed bedside alarms to nurses' phones and cut overhead
  pages by half over a three-month trial.
featuredImage:
  alt: Night Nurses Trial Quieter Alarms
  format: JPEG
  href: g1-featuredImage.jpeg
  size:
  - 1180
  - 600
  valid: true
  workPackage: 4101
  wpAttachment:
    fileName: Curated_Featured_Image.jpg
    link: /api/v3/attachments/10212/content
id: 4101
lastMod: '2021-03-05T08:09:10.111213Z'
link:
  brand: wardnotes.example.org
  href: https://wardnotes.example.org/2021/03/quieter-alarms
  original: https://wardnotes.example.org/2021/03/quieter-alarms
mdName: g1
slug: wardnotes.example-night-nurses-trial-quieter-alarms
title: Night Nurses Trial Quieter Alarms
---
<p>A surgical unit routed bedside alarms to nurses' phones.</p>"""

G2 = """---
aliases: /news/county-opens-evening-clinics
archetype: curated-content
author:
  - Marco Ionescu
breadcrumbs:
  - Home
  - News
  - County Opens Evening Clinics
categories:
  - 'Medigy: Public Health'
date: '2022-08-01'
description: >-
  The county health department now runs walk-in vaccination clinics on weekday
  evenings through the end of August.
favIconImage: null
featuredImage:
  alt: County Opens Evening Clinics
  format: JPEG
  href: g2-featuredImage.jpeg
  size:
    - 630
    - 1200
  valid: true
  workPackage: 9616
  wpAttachment:
    fileName: Curated_Featured_Image.jpg
    link: /api/v3/attachments/18624/content
featuredPdf: null
id: 9616
lastMod: '2022-08-02T09:10:11.121314Z'
link:
  brand: countyhealth.example.com
  href: https://countyhealth.example.com/news/evening-clinics
  original: https://countyhealth.example.com/news/evening-clinics
mdName: g2.md
slugid: countyhealth-county-opens-evening-clinics
title: County Opens Evening Clinics
---
<p>Walk-in clinics on weekday evenings.</p>"""

SEED = """---
aliases: /news/clinic-opens-late-on-weekdays
archetype: curated-content
author:
  - Ada Curator
breadcrumbs:
  - Home
  - News
  - Clinic Opens Late on Weekdays
categories: []
date: '2024-07-29'
description: The walk-in clinic now stays open until nine.
favIconImage:
  href: 'https://wardnotes.example.org/favicon.ico'
featuredImage: null
featuredPdf: null
id: 30112
lastMod: '2024-07-29T10:22:31.004512Z'
link:
  brand: wardnotes.example.org
  href: 'https://wardnotes.example.org/clinic-late'
  original: 'https://wardnotes.example.org/clinic-late'
mdName: seed.md
openGraphMetaData:
  ogimage: 'https://wardnotes.example.org/media/clinic.jpg'
  ogtitle: Clinic Opens Late on Weekdays
slug: wardnotes-clinic-opens-late-on-weekdays
title: Clinic Opens Late on Weekdays
---
<p>The walk-in clinic now stays open until nine.</p>
"""
