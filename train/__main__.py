from train.job import main

raise SystemExit(main())
