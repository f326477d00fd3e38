"""CT20 Desktop: offline reporting under Directive 20/CT-TTg for the Ministry of Industry and Trade."""

__version__ = "0.1.0"
APP_NAME = "CT20"
