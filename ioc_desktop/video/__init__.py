"""Video: the one place that talks to libVLC."""
