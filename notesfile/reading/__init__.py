"""Reading notes files of every shape into notes: the notes format, text, Word."""
