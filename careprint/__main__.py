from careprint.cli import main

raise SystemExit(main())
