"""Machine clients (a school's MIS, a trust's dashboard) that leaders create and look after."""
