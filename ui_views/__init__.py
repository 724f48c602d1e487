"""The Gradio interface's pieces: one module per tab, plus escaping renderers and the backend seam."""
