// Preloaded before every test file: the client takes its language from LANG / LC_ALL, so tests
// run in one fixed locale (C.UTF-8: English, UTF-8) whatever the machine's; a test that wants
// French says so (--lang fr, or LANG in a spawned client's env).

process.env.LANG = "C.UTF-8";
delete process.env.LC_ALL;
