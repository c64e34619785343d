"""Sphinx configuration of the course website (``make site``; see autograder/authoring/site.py).

Everything is local, at build time and when a page is read: notebooks are
executed beforehand (nothing here runs a kernel), MathJax 2.7 is the copy of
the ``jupyter-server-mathjax`` package in ``_static/mathjax``, and no widget
JavaScript is loaded (explorers are shown as the plot they drew).
"""

project = "Backprop from Scratch"
author = "the Backprop from Scratch authors"
copyright = "the Backprop from Scratch authors"

extensions = ["myst_nb"]
exclude_patterns = ["downloads", "_build"]
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_update_mathjax = False  # its settings are for MathJax 3

nb_execution_mode = "off"
nb_merge_streams = True
nb_ipywidgets_js = {}

html_theme = "sphinx_book_theme"
html_title = "Backprop from Scratch"
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "use_download_button": False,
    "use_fullscreen_button": False,
    "show_toc_level": 2,
}

mathjax_path = "mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
mathjax2_config = {
    "tex2jax": {
        "inlineMath": [["\\(", "\\)"]],
        "displayMath": [["\\[", "\\]"]],
        "processEscapes": True,
        # myst-nb marks a notebook's page tex2jax_ignore and its math with these classes.
        "processClass": "math|output_area|tex2jax_process|mathjax_process",
    },
    "HTML-CSS": {
        "availableFonts": [],
        "preferredFont": None,
        "imageFont": None,
        "webFont": "STIX-Web",
    },
    "MMLorHTML": {"prefer": "HTML"},  # HTML-CSS with the STIX-Web fonts shipped
    "menuSettings": {"zoom": "None"},
}
