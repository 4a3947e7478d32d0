// placeholder, replaced by the session flow
