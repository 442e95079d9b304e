#include "domain/deliberation.h"
