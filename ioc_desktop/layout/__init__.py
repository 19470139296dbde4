"""Wall layouts as pure data: screens, grids, panels; JSON in and out, validated first."""
