"""Images with the credit, source and licence every published photo needs."""
