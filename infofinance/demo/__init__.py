"""Demo content written for Info Finance and the command that loads it."""
