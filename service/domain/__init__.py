"""Legal-basis reasoning: laws and provisions, validation, explanation, repair, analytics.

Never imports FastAPI or Starlette (a test checks it).
"""
