from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "infofinance.images"
    label = "images"
    verbose_name = "Images"
