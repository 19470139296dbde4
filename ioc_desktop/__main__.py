from ioc_desktop.app import main

raise SystemExit(main())
