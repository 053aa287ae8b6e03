"""The worklist pages a nursing-home lead and a GP act on: an index, a list per owner and
per nursing home, or one page (see :mod:`medreview.render.worklists.pages`)."""
