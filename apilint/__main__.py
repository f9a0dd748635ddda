from apilint.cli import main

raise SystemExit(main())
