"""Every sentence the app says about a result, one module per tool.

- `estimate`: the client's estimate (headline, the course priced, the walkthrough of the first
  claims, the approve/refuse pair, questions to ask, chart summaries);
- `compare`: Compare options (the course each treatment is priced for, cheapest and dearest);
- `sources`: Sources & method (the rules in words, what the tool does not capture);
- `clinic`, `equity`: the clinic and Access & equity tools.
Sentences are built from the engine's results and the parameters, never typed-in figures.
"""
