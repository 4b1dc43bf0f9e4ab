"""Error reports that never carry health data.

Lab values arrive at the interpretation form and API. If one of those requests
fails, Django's error report (the 500 mail, or the debug page) would show the
POST data and the local variables of every frame. For those paths this filter
hides all of them; elsewhere Django's usual filtering applies.
"""

from django.views.debug import SafeExceptionReporterFilter

HEALTH_DATA_PATHS = ("/interpret/", "/api/v1/interpret")


def carries_health_data(request) -> bool:
    return request is not None and request.path.startswith(HEALTH_DATA_PATHS)


class HealthDataReporterFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        return carries_health_data(request) or super().is_active(request)

    def get_post_parameters(self, request):
        if carries_health_data(request):
            return {key: self.cleansed_substitute for key in request.POST}
        return super().get_post_parameters(request)

    def get_traceback_frame_variables(self, request, tb_frame):
        if carries_health_data(request):
            return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
        return super().get_traceback_frame_variables(request, tb_frame)
