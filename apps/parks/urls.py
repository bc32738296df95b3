app_name = "parks"
urlpatterns = []
