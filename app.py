"""质量强市目标进度看板: the entry script. Frame only: page config and the page order."""

from ui import frame

frame.configure()
frame.navigation().run()
