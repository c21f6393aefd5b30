"""Per-server settings: the model, the rules that follow from it, and the texts they show. Pure."""
