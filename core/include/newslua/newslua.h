/*
** newslua.h -- umbrella header of the newslua C core.
*/
#ifndef NEWSLUA_NEWSLUA_H
#define NEWSLUA_NEWSLUA_H

#include "newslua/nl_version.h"
#include "newslua/nl_error.h"
#include "newslua/nl_buf.h"
#include "newslua/nl_utf8.h"
#include "newslua/nl_hash.h"
#include "newslua/nl_article.h"
#include "newslua/nl_load.h"
#include "newslua/nl_tokenize.h"
#include "newslua/nl_sentence.h"
#include "newslua/nl_timex.h"
#include "newslua/nl_db.h"
#include "newslua/nl_cursor.h"

#endif
