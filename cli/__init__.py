"""`kg` command modules (surfaces over loaders/ and queries/)."""
