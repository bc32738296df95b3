app_name = "coordinators"
urlpatterns = []
