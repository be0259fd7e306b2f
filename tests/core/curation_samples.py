"""Curation files in both topic shapes, written for the tests in the dialects real folders use.

* ``LEGACY``: the oldest dialect (keys sorted, flush lists, JSON-text ``medigyTopics`` wrapped at 80 columns, no
  final newline), topics in ``communityTopics`` with ``#`` as ``-hash-`` and ``categories: []``;
* ``CURRENT_OLD``: the same dialect with topics in ``categories`` and no derived lists;
* ``CURRENT_NEW``: the newer dialect (fixed key order, indented lists, ``medigyTopics`` as a list, derived lists);
* ``NO_TOPICS``: the oldest dialect without any topic (``medigyTopics: null``).
"""
from __future__ import annotations

from pathlib import Path

from image_samples import write_image

_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP", "gif": "GIF"}

LEGACY = """---
aliases: /news/night-shift-nurses-test-a-quieter-alarm-routing-system
archetype: curate-content
author:
- Priya Raman
breadcrumbs:
- Home
- News
- Night Shift Nurses Test a Quieter Alarm Routing System
categories: []
communityTopics:
- 'Medigy: Patient Safety & Quality'
- 'Symplur: -hash-nursing'
- 'Healthcare IT News: Clinical Communication'
date: '2021-03-04T10:11:12.131415Z'
description: A medical-surgical unit routed bedside alarms to nurses' phones and cut
  overhead pages by half over a three-month trial.
featuredImage:
  alt: Night Shift Nurses Test a Quieter Alarm Routing System
  format: JPEG
  href: legacy-featuredImage.jpeg
  valid: true
id: 4101
lastMod: '2021-03-05T08:09:10.111213Z'
link:
  brand: wardnotes.example.org
  href: https://www.wardnotes.example.org/2021/03/quieter-alarms
  original: https://www.wardnotes.example.org/2021/03/quieter-alarms?utm_source=newsletter
mdName: legacy
openProjectCustomFields:
  cleanUrl: https://www.wardnotes.example.org/2021/03/quieter-alarms
  medigyTopics: '["Medigy: Patient Safety & Quality","Symplur: #nursing","Healthcare
    IT News: Clinical Communication"]'
  sourceUrl: https://www.wardnotes.example.org/2021/03/quieter-alarms?utm_source=newsletter
owlType: Medigy Communities
slug: wardnotes.example-night-shift-nurses-test-a-quieter-alarm-routing-system
tags:
- news
title: Night Shift Nurses Test a Quieter Alarm Routing System
---
<p>A medical-surgical unit routed bedside alarms to nurses' phones.</p>"""

CURRENT_OLD = """---
aliases: /news/rural-pharmacies-add-telehealth-kiosks
archetype: curate-content
author:
- Marco Ionescu
breadcrumbs:
- Home
- News
- Rural Pharmacies Add Telehealth Kiosks
categories:
- 'Symplur: #telehealth'
- 'Medigy: Business Survival & Continuity'
date: '2021-05-06T07:08:09.101112Z'
description: Pharmacies in three counties installed booths for video visits with
  primary care doctors.
featuredImage:
  alt: Rural Pharmacies Add Telehealth Kiosks
  format: PNG
  href: current-old-featuredImage.png
  valid: true
id: 4202
lastMod: '2021-05-07T01:02:03.040506Z'
link:
  brand: countyhealth.example.com
  href: https://countyhealth.example.com/news/pharmacy-kiosks
  original: https://countyhealth.example.com/news/pharmacy-kiosks
mdName: current-old
openProjectCustomFields:
  cleanUrl: https://countyhealth.example.com/news/pharmacy-kiosks
  medigyTopics: '["Symplur: #telehealth","Medigy: Business Survival & Continuity"]'
  sourceUrl: https://countyhealth.example.com/news/pharmacy-kiosks
slug: countyhealth.example-rural-pharmacies-add-telehealth-kiosks
tags:
- news
title: Rural Pharmacies Add Telehealth Kiosks
---
<p>Pharmacies installed booths for video visits.</p>"""

CURRENT_NEW = """---
aliases: /news/hospital-system-pilots-ambient-note-taking
archetype: curated-content
author:
  - Dana Whitfield
breadcrumbs:
  - Home
  - News
  - Hospital System Pilots Ambient Note Taking
categories:
  - 'Healthcare IT News: Artificial Intelligence'
  - 'Symplur: #telehealth'
categorySlug:
  - 'healthcare it news: artificial intelligence'
  - 'symplur: #telehealth'
categoryUrl:
  - topic/healthcare-it-news-artificial-intelligence
  - topic/symplur-telehealth
categoryLabel:
  - Artificial Intelligence
  - '#telehealth'
date: '2023-02-03'
description: >-
  Forty clinicians used a listening assistant that drafts visit notes for review.
featuredImage:
  alt: Hospital System Pilots Ambient Note Taking
  format: WEBP
  href: current-new-featuredImage.webp
  valid: true
id: 9303
lastMod: '2023-02-04T05:06:07.080910Z'
link:
  brand: clinicalwire.example.net
  href: https://clinicalwire.example.net/ai/ambient-notes
  original: https://clinicalwire.example.net/ai/ambient-notes
href: https://clinicalwire.example.net/ai/ambient-notes
original: https://clinicalwire.example.net/ai/ambient-notes
mdName: current-new.md
openProjectCustomFields:
  cleanUrl: https://clinicalwire.example.net/ai/ambient-notes
  medigyTopics:
    - 'Healthcare IT News: Artificial Intelligence'
    - 'Symplur: #telehealth'
  sourceUrl: https://clinicalwire.example.net/ai/ambient-notes
slug: clinicalwire.example-hospital-system-pilots-ambient-note-taking
title: Hospital System Pilots Ambient Note Taking
---
<p>Forty clinicians used a listening assistant.</p>
"""

NO_TOPICS = """---
archetype: curate-content
author:
- Priya Raman
categories: []
date: '2021-07-08T09:10:11.121314Z'
description: A state grant pays for broadband in small clinics.
featuredImage:
  alt: State Grant Funds Clinic Broadband
  href: no-topics-featuredImage.jpeg
  valid: true
lastMod: '2021-07-09T09:10:11.121314Z'
link:
  brand: statehealth.example.gov
  href: https://statehealth.example.gov/grants/broadband
  original: https://statehealth.example.gov/grants/broadband
openProjectCustomFields:
  cleanUrl: https://statehealth.example.gov/grants/broadband
  medigyTopics: null
  sourceUrl: https://statehealth.example.gov/grants/broadband
title: State Grant Funds Clinic Broadband
---
"""

SAMPLES = {"legacy.md": LEGACY, "current-old.md": CURRENT_OLD, "current-new.md": CURRENT_NEW,
           "no-topics.md": NO_TOPICS}


def write_folder(folder: Path, with_images: bool = True) -> Path:
    """The four samples in ``folder`` (made if needed), with their featured-image files unless told not to."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SAMPLES.items():
        (folder / name).write_text(text, "utf-8")
        if with_images:
            for line in text.splitlines():
                if line.startswith("  href: ") and "featuredImage" in line:
                    name = line.split(": ", 1)[1]
                    write_image(folder / name, _FORMATS[name.rsplit(".", 1)[1]])
    return folder
