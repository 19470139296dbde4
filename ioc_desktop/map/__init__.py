"""The operational map: a folium page served to QtWebEngine from a local URL scheme."""
