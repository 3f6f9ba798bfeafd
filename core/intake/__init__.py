"""The intake assistant (DESIGN §5): the question bank, the offline and LLM engines, one chat turn."""
